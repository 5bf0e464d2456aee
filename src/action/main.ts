import { runAction } from './run-action.js';

/** Entry point of the GitHub Action (action.yml runs `node dist/action/main.js`). */
process.exitCode = await runAction({
  env: process.env,
  cwd: process.cwd(),
  log: (text) => process.stdout.write(text),
});
