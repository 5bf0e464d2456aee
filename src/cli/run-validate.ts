/**
 * What `bin.ts` loads for `kili-sync validate`: the same `runOnProcess`. The build
 * (scripts/bundle-validate.ts) replaces the compiled file with a bundle of everything validate
 * loads, since Node 20 spends longer resolving and compiling its ~120 separate modules than
 * validating a small manifest. Only `validate` runs through it: the other commands stay
 * outside the bundle, so no process ever holds two copies of a module (e.g. two error classes).
 */
export { runOnProcess } from './run-on-process.js';
