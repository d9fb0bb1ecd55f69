/** Loopback, private (RFC 1918), link-local, unspecified, IPv6 literal and `.local`/`.localhost` hosts. */
const LOCAL_HOST =
  /^(localhost|.+\.localhost|.+\.local|.+\.internal|0\.0\.0\.0|127(\.\d{1,3}){3}|10(\.\d{1,3}){3}|192\.168(\.\d{1,3}){2}|172\.(1[6-9]|2\d|3[01])(\.\d{1,3}){2}|169\.254(\.\d{1,3}){2}|\[.*\])$/i;

/**
 * Whether a deployed service can call this URL: https, on a host that is not this machine or a
 * private network (a deployed Worker pointed at 127.0.0.1 accepts work it can never hand over).
 * IPv6 literals are refused outright: a public service is named, not addressed.
 */
export function isPublicHttpsUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.hostname !== '' && !LOCAL_HOST.test(url.hostname);
}
