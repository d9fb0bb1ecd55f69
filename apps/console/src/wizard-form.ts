/** Every value the wizard's steps ask for, in one record (secrets are emptied once sent). */
export const EMPTY_WIZARD_FORM = {
  id: '',
  name: '',
  locale: 'fr',
  country: 'FR',
  crmBaseUrl: '',
  idInstance: '',
  greenApiUrl: 'https://api.green-api.com',
  crmPublicUrl: '',
  crmApiKey: '',
  greenToken: '',
  phone: '',
  phoneRole: 'admin',
};

export type WizardForm = typeof EMPTY_WIZARD_FORM;

/** The setter of one form value, as a field's input calls it. */
export type SetField = (k: keyof WizardForm) => (v: string) => void;
