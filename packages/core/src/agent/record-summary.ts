/** One record as MAX shows it: enough to recognise it, with the id the CRM gave it. */
export interface RecordSummary {
  id: string;
  name: string | null;
  /** The EspoCRM entity (Lead when absent, for the records tools made before entities were many). */
  entity?: string;
  emailAddress?: string | null;
  phoneNumber?: string | null;
  accountName?: string | null;
  /** The record's state: a lead's status, an opportunity's stage, a call's status… */
  status?: string | null;
  /** A few more attributes worth showing (amount, close date, start date…). */
  extra?: Record<string, string | number | null>;
}
