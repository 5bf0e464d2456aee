import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { fail } from '../../src/doctor/checks.js';
import { KiliSyncError } from '../../src/errors.js';
import { renderDoctorText } from '../../src/render/render-doctor.js';
import { diagnosticsOf, renderError } from '../../src/render/render-error.js';
import { captureRuntime } from '../helpers/capture-runtime.js';

describe('printed errors', () => {
  it('lead with their catalogue code and fall back on its hint', () => {
    const error = new KiliSyncError('no-api-key', 'no Kili API key was given');
    expect(renderError(error, false)).toBe(
      'error[KS0301]: no Kili API key was given\n' +
        'hint: set KILI_API_KEY or pass --api-key (create a key in Kili under My account → API key)\n',
    );
    expect(error.exitCode).toBe(1);
    expect(new KiliSyncError('interrupted', 'interrupted').exitCode).toBe(130);
  });

  it('keep the hint of the place that knows more', () => {
    const error = new KiliSyncError('plan-other-endpoint', 'made against A, not B', {
      hint: 'pass --endpoint A',
    });
    expect(renderError(error, false)).toBe(
      'error[KS0407]: made against A, not B\nhint: pass --endpoint A\n',
    );
  });

  it('show a code on a listed problem only when it is not the error’s own', () => {
    const where = { file: 'm.yaml', line: 5, col: 3 };
    const error = new KiliSyncError('manifest-invalid', '2 problems in 1 manifest', {
      diagnostics: [
        { severity: 'error', message: 'unknown field', where },
        { severity: 'error', code: 'KS0202', message: "no such file or folder: 'x'" },
      ],
    });
    expect(renderError(error, false)).toBe(
      [
        'error[KS0201]: 2 problems in 1 manifest',
        'm.yaml:5:3: error: unknown field',
        "error[KS0202]: no such file or folder: 'x'",
        'hint: fix the problems above; nothing was sent to Kili',
        '',
      ].join('\n'),
    );
    // For machines (validate --format json, annotations), every problem has a code.
    expect(diagnosticsOf(error).map((diagnostic) => diagnostic.code)).toEqual(['KS0201', 'KS0202']);
  });

  it('give the command line’s own errors a code too', async () => {
    const runtime = captureRuntime({ cwd: process.cwd(), env: {} });
    expect(await main(['validate', '--nope'], runtime)).toBe(1);
    expect(runtime.err()).toMatch(/^error\[KS0101\]: unknown option '--nope'\n/);
  });

  it('give a failed doctor check the code of what made it fail', () => {
    const refused = new KiliSyncError('api-key-refused', 'the API key was refused by E');
    const checks = [
      fail('api-key', `the key was not accepted: ${refused.message}`, {}, refused),
      fail('probe-repeated-id', 'a second asset was created'),
    ];
    expect(checks.map((check) => check.code)).toEqual(['KS0302', 'KS0601']);
    const text = renderDoctorText(
      {
        formatVersion: 1,
        generator: 'kili-sync',
        createdAt: '2026-01-01T00:00:00.000Z',
        endpoint: 'E',
        checks,
        failed: ['api-key', 'probe-repeated-id'],
      },
      { color: false },
    );
    expect(text).toContain('✗ api-key            error[KS0302]: the key was not accepted');
    expect(text).toContain('✗ probe-repeated-id  error[KS0601]: a second asset was created');
  });
});
