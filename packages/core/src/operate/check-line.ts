/** One line of a tenant's checks, as the API answers it and the CLI prints it. */
export interface CheckLine {
  /** crm.reachable, crm.auth, crm.admin, crm.tenant_field.Lead, greenapi.state, senders, secrets.crm… */
  name: string;
  /** null: not applicable (no admin user configured…). */
  ok: boolean | null;
  /** Whether activation needs it. */
  required: boolean;
  detail: string;
  /** What to do when it fails. */
  fix?: string;
}

export interface CheckReport {
  ok: boolean;
  checks: CheckLine[];
}
