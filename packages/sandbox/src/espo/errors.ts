/**
 * EspoCRM's error answers (Core/Api/ErrorOutput.php): the status, `X-Status-Reason` = the exception message
 * for Error/Forbidden/Conflict/BadRequest/NotFound (present but empty when the message is empty; absent
 * for any other exception, which answers a bare 500), and a JSON body only when the exception carries one.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string | null,
    readonly body: unknown = '',
  ) {
    super(reason ?? String(status));
  }
}

/** Core/Exceptions/Error/Body.php: `{"messageTranslation":{"label","scope","data"}}`. */
export const errorBody = (
  label: string,
  scope: string | null = null,
  data: Record<string, unknown> = {},
) => ({
  messageTranslation: { label, scope, data },
});

export const validation = (entity: string, field: string, type: string) =>
  new HttpError(
    400,
    `Field validation failure; entityType: ${entity}, field: ${field}, type: ${type}.`,
    errorBody('validationFailure', null, { field, type }),
  );

export const badRequest = (reason = '') => new HttpError(400, reason);
export const forbidden = (reason = '', body: unknown = '') => new HttpError(403, reason, body);
export const notFound = (reason = '') => new HttpError(404, reason);
/** A PHP RuntimeException/LogicException: 500, no reason header, no body. */
export const internalError = () => new HttpError(500, null);

/** How EspoCRM answers an injected fault status (the fault layer's error): no body, the reason in a header. */
export const espoFaultAnswer = () => ({ body: '', headers: { 'X-Status-Reason': 'Injected fault' } });
