import { mergeConfig } from 'vitest/config';
import base from './vite.config.ts';

// Stryker's instrumented code under a loaded two-core machine runs the long fuzz loops several
// times slower than `npm test`; a per-test timeout failure in the dry run would end the whole
// mutation run. Mutants that loop forever are still cut off by Stryker's own timeoutMS.
export default mergeConfig(base, { test: { testTimeout: 120_000 } });
