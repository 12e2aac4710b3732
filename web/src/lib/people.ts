/** How a person is named on the pages: the display name the server sends, else the log-in name. */
export function personLabel(record: { updatedBy: string | null; updatedByName?: string | null }): string {
  return record.updatedByName || record.updatedBy || '';
}
