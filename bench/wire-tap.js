// Init script for the latency breakdown: stamps every RTCDataChannel send and
// every message delivered to the page's handlers, on the same clock as
// latency-probe.js. Installed before the app loads, so PeerJS's channels are
// covered. Plain JS for the same reason as latency-probe.js.
(() => {
	if (globalThis.__wireTap) return;
	const stamp = () => performance.timeOrigin + performance.now();
	const sends = [];
	const receives = [];
	const seen = new WeakSet();
	const proto = RTCDataChannel.prototype;

	const send = proto.send;
	proto.send = function (data) {
		sends.push(stamp());
		return send.call(this, data);
	};

	// PeerJS listens both ways (onmessage and addEventListener); an event
	// counts once, whichever handler sees it first.
	// Named: bench/latency-profile.ts finds an arrival's start by this frame on the stack.
	const tap = (handler) =>
		function wireTapReceived(event) {
			// Set only by bench/latency-profile.ts: long enough for a sampling profiler to see this frame.
			globalThis.__latencyProfileSpin?.();
			if (!seen.has(event)) {
				seen.add(event);
				receives.push(stamp());
			}
			return typeof handler === 'function' ? handler.call(this, event) : handler.handleEvent(event);
		};
	const wrapped = new WeakMap();
	const addEventListener = proto.addEventListener;
	proto.addEventListener = function (type, handler, options) {
		if (type !== 'message' || !handler) return addEventListener.call(this, type, handler, options);
		if (!wrapped.has(handler)) wrapped.set(handler, tap(handler));
		return addEventListener.call(this, type, wrapped.get(handler), options);
	};
	const removeEventListener = proto.removeEventListener;
	proto.removeEventListener = function (type, handler, options) {
		return removeEventListener.call(this, type, (handler && wrapped.get(handler)) ?? handler, options);
	};
	const onmessage = Object.getOwnPropertyDescriptor(proto, 'onmessage');
	Object.defineProperty(proto, 'onmessage', {
		configurable: true,
		enumerable: onmessage.enumerable,
		get() {
			return onmessage.get.call(this);
		},
		set(handler) {
			onmessage.set.call(this, typeof handler === 'function' ? tap(handler) : handler);
		}
	});

	globalThis.__wireTap = {
		sends: () => sends.slice(),
		receives: () => receives.slice()
	};
})();
