// Reference for the CLI start-up rows: a Node process that loads one module and exits, the
// floor under any command-line tool written for Node on this machine.
process.stdout.write('started\n');
