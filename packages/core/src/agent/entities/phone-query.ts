import { checkPhone } from '../../crm/phone.ts';
import type { ToolContext } from '../types.ts';

/**
 * A phone number as EspoCRM stores it (E.164, read in the tenant's country), so "06 12 34 56 78"
 * finds the lead saved as +33612345678. A value that is not a valid number is searched as typed.
 */
export function phoneForSearch(ctx: Pick<ToolContext, 'tenant'>, typed: string): string {
  const checked = checkPhone(typed, ctx.tenant.defaultCountry);
  return checked.ok ? checked.e164 : typed;
}
