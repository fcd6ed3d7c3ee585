import { configDefaults, mergeConfig } from 'vitest/config';
import base from './vite.config.ts';

// Stryker's instrumented code under a loaded two-core machine runs several times slower than
// `npm test`; a per-test timeout failure in the dry run would end the whole mutation run.
// Mutants that loop forever are still cut off by Stryker's own timeoutMS.
//
// Left out: load tests that run thousands of handshakes or frames per test. With per-test
// coverage each would rerun for every mutant it touches (minutes each); they guard capacity and
// robustness under volume, which the targeted tests of the same code check one case at a time.
const LOAD_TESTS = ['tests/unit/fuzz/**', 'tests/unit/hostile/pipeline-memory.test.ts'];

export default mergeConfig(base, { test: { testTimeout: 120_000, exclude: [...configDefaults.exclude, ...LOAD_TESTS] } });
