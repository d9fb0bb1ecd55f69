import { AppError } from '../../shared/errors.ts';
import type { CrmRecord } from '../port.ts';
import { maskIds } from './ids.ts';

/** EspoCRM answers → the typed errors callers branch on (details.kind names the EspoCRM case). */
export async function toCrmError(res: Response, method: string, path: string): Promise<AppError> {
  const reason = res.headers.get('x-status-reason') ?? '';
  const where = { method, path: maskIds(path) };
  const text = await res.text().catch(() => '');
  switch (res.status) {
    case 401:
      return new AppError('unauthorized', 'EspoCRM rejected the credentials', {
        retryable: false,
        details: { kind: 'unauthorized', ...where },
      });
    case 403:
      return new AppError('forbidden', `EspoCRM refused: ${reason || 'no access'}`, {
        retryable: false,
        details: { kind: 'forbidden', reason, ...where },
      });
    case 404:
      return new AppError('not_found', reason || 'Not found', {
        retryable: false,
        details: { kind: 'not_found', ...where },
      });
    case 400: {
      const m = reason.match(/entityType: (\w+), field: (\w+), type: (\w+)/);
      if (m) {
        return new AppError('validation', `Invalid ${m[2]} (${m[3]})`, {
          retryable: false,
          details: { kind: 'validation', entity: m[1], field: m[2], type: m[3] },
        });
      }
      return new AppError('bad_request', reason || 'Bad request', {
        retryable: false,
        details: { kind: 'bad_request', ...where },
      });
    }
    case 409: {
      if (reason === 'duplicate') {
        let records: CrmRecord[] = [];
        try {
          records = JSON.parse(text) as CrmRecord[];
        } catch {
          /* keep empty */
        }
        return new AppError('duplicate', 'Duplicate record', {
          retryable: false,
          details: { kind: 'duplicate', records },
        });
      }
      return new AppError('conflict', reason || 'Conflict', {
        retryable: false,
        details: { kind: 'conflict', reason },
      });
    }
    case 429:
      // Not EspoCRM itself but a proxy in front of it (Cloudflare): wait as told, then retry.
      return new AppError('rate_limited', 'EspoCRM rate limited', {
        retryable: true,
        details: { kind: 'rate_limited', ...where },
      });
    default:
      if (res.status >= 500) {
        return new AppError('unavailable', `EspoCRM unavailable (${res.status})`, {
          retryable: true,
          details: { kind: 'unavailable', status: res.status, ...where },
        });
      }
      return new AppError('upstream', `EspoCRM answered ${res.status}`, {
        retryable: false,
        details: { kind: 'upstream', status: res.status },
      });
  }
}
