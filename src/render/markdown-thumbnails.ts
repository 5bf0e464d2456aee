import { hasCredentials } from '../plan/hide-credentials.js';
import type { Change, ProjectPlan } from '../plan/types.js';
import { escapeAttribute, printable } from './render-values.js';

/** Thumbnails a PR comment shows at most, by default: enough to see, few enough to stay light. */
export const DEFAULT_MARKDOWN_THUMBNAILS = 12;
/** Their width in the comment, in pixels (GitHub honours `width` on `<img>`). */
const THUMBNAIL_WIDTH = 96;

/** How many thumbnails are left to show; the sections spend it in order, destructive first. */
export class ThumbnailAllowance {
  constructor(private left: number) {}

  /** The `<img>` tags for a change's public image URLs, if any are left to show. */
  render(change: Change, project: ProjectPlan): string | undefined {
    if (project.inputType !== 'IMAGE' || change.action === 'delete') return undefined;
    const content = change.fields.content;
    if (content === undefined) return undefined;
    const urls = [content.before, content.after].filter(isPublicImageUrl);
    if (urls.length === 0 || urls.length > this.left) return undefined;
    this.left -= urls.length;
    const images = urls.map(
      (url) =>
        `<img src="${escapeAttribute(url)}" width="${THUMBNAIL_WIDTH}" alt="${escapeAttribute(printable(change.externalId))}">`,
    );
    return images.join(' → ');
  }
}

/** A URL GitHub can show: http(s), with no credential in it (a signed URL never leaves). */
function isPublicImageUrl(value: unknown): value is string {
  return (
    typeof value === 'string' && /^https?:\/\/[^\s"'<>]+$/i.test(value) && !hasCredentials(value)
  );
}
