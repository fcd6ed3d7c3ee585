import { configDefaults, mergeConfig } from 'vitest/config';
import base from './vite.config.ts';

// Stryker's instrumented code under a loaded two-core machine runs several times slower than
// `npm test`; a per-test timeout failure in the dry run would end the whole mutation run.
// Mutants that hang are still cut off by Stryker's own timeoutMS.
//
// Left out: load tests that run thousands of handshakes or frames per test. With per-test
// coverage each would rerun for every mutant it touches (minutes each); they guard capacity and
// robustness under volume, which the targeted tests of the same code check one case at a time.
const LOAD_TESTS = ['tests/unit/fuzz/**', 'tests/unit/hostile/pipeline-memory.test.ts'];

// MUTATION_TESTS (comma-separated globs) narrows the tests for a run over one area, e.g. the
// pure core against its own unit tests. A mutant such a run reports as surviving may still be
// killed by a test left out, so a narrowed score is a lower bound of the full one.
const narrowed = process.env.MUTATION_TESTS?.split(',').filter(Boolean);

const config = mergeConfig(base, { test: { testTimeout: 30_000, exclude: [...configDefaults.exclude, ...LOAD_TESTS] } });
// Assigned, not merged: mergeConfig would append the globs to the base list instead.
if (narrowed) config.test.include = narrowed;

export default config;
