/** Green-API's error body shape (NestJS style); the token in the path is masked, as Green-API does. */
export const apiError = (status: number, message: string, path: string) => ({
  statusCode: status,
  timestamp: new Date().toISOString(),
  path: path.replace(/\/[^/]+$/, '/{{apiTokenInstance}}'),
  message,
});
