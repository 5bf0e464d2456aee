/** What sending one batch did, item by item. */
export interface BatchOutcome<Item> {
  done: Item[];
  failed: { item: Item; message: string }[];
  /** Not sent because of Ctrl-C (the client refuses to start calls after it). */
  skipped: Item[];
}
