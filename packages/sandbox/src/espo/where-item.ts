/** One item of an EspoCRM `where` (a list's filter), as the query string or a body carries it. */
export interface WhereItem {
  type: string;
  attribute?: string;
  value?: unknown;
  /** A date-time attribute compared by calendar days in `timeZone` (the UI's date filters). */
  dateTime?: boolean | string;
  timeZone?: string;
}
