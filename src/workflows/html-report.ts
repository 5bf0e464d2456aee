import { openOutputFile } from '../files/output-file.js';
import { renderPlanHtml } from '../render/render-html.js';
import type { ReadAndPlanResult } from './plan.js';
import { makeReportPreviews, type ReportPreviewOptions } from './report-previews.js';

/** The plan as a self-contained HTML page, with thumbnails made now (see makeReportPreviews). */
export async function makeHtmlReport(
  planned: Pick<ReadAndPlanResult, 'plan' | 'remote' | 'consent'>,
  options: ReportPreviewOptions,
): Promise<string> {
  const previews = await makeReportPreviews(planned.plan, planned.remote, options);
  return renderPlanHtml(planned.plan, {
    needs: planned.consent,
    previews,
    remoteImages: options.remoteImages,
  });
}

/** Writes the report (`plan --html FILE`); a failed write leaves no half file. */
export async function saveHtmlReport(path: string, html: string): Promise<void> {
  const file = await openOutputFile(path, 'HTML report');
  try {
    await file.write(html);
    await file.commit();
  } catch (error) {
    await file.discard();
    throw error;
  }
}
