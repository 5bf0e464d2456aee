/**
 * Collects Markdown parts up to a size limit. Once a part does not fit, nothing more is added;
 * the caller then ends the document with a line saying what was left out.
 */
export class MarkdownBudget {
  private readonly parts: string[] = [];
  private length = 0;
  private cut = false;
  private openDetails = 0;

  constructor(
    private readonly maxLength: number,
    /** Room kept for the closing tags and the final "… and N more" line. */
    private readonly reserve: number,
  ) {}

  /** Whether a part was refused for lack of room. */
  get isCut(): boolean {
    return this.cut;
  }

  /** Adds a part if it fits; returns whether it was added. */
  add(text: string): boolean {
    if (this.cut) return false;
    if (
      this.length + text.length + this.reserve + this.openDetails * CLOSE.length >
      this.maxLength
    ) {
      this.cut = true;
      return false;
    }
    this.parts.push(text);
    this.length += text.length;
    return true;
  }

  /** Opens a folded `<details>` block; it is closed even when the document is cut. */
  openFold(summary: string): boolean {
    const added = this.add(`<details><summary>${summary}</summary>\n\n`);
    if (added) this.openDetails += 1;
    return added;
  }

  closeFold(): void {
    if (this.openDetails === 0) return;
    this.openDetails -= 1;
    this.parts.push(CLOSE);
    this.length += CLOSE.length;
  }

  /** The document, closing any open fold and appending `ending` (which must fit the reserve). */
  finish(ending: string): string {
    while (this.openDetails > 0) this.closeFold();
    const text = this.parts.join('') + ending;
    return text.length <= this.maxLength ? text : text.slice(0, this.maxLength);
  }
}

const CLOSE = '\n</details>\n\n';
