// Map the many ways a request can fail onto the few kinds a report can explain.
import type { NetErrorKind } from '../contract/evidence.ts';

export class BlockedTargetError extends Error {
  readonly code = 'AGENTREADY_BLOCKED';
}

export function classifyError(err: unknown, abortReason?: string): { kind: NetErrorKind; message: string } {
  const e = err as { code?: string; name?: string; message?: string; cause?: unknown };
  const code = e?.code ?? (e?.cause as { code?: string } | undefined)?.code ?? '';
  const message = String(e?.message ?? err).slice(0, 500);
  if (err instanceof BlockedTargetError || code === 'AGENTREADY_BLOCKED') return { kind: 'blocked', message };
  if (abortReason === 'deadline') return { kind: 'deadline', message: 'scan deadline reached' };
  if (abortReason === 'timeout') return { kind: 'body-timeout', message: 'request timed out' };
  if (e?.name === 'AbortError' || code === 'ABORT_ERR' || code === 'UND_ERR_ABORTED') return { kind: 'aborted', message };
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT': return { kind: 'connect-timeout', message };
    case 'UND_ERR_HEADERS_TIMEOUT': return { kind: 'headers-timeout', message };
    case 'UND_ERR_BODY_TIMEOUT': return { kind: 'idle-timeout', message };
    case 'UND_ERR_HEADERS_OVERFLOW': case 'UND_ERR_RES_EXCEEDED_MAX_SIZE': return { kind: 'too-large', message };
    case 'ECONNREFUSED': case 'EHOSTUNREACH': case 'ENETUNREACH': case 'EADDRNOTAVAIL': return { kind: 'connect', message };
    case 'ENOTFOUND': case 'EAI_AGAIN': case 'EAI_NONAME': return { kind: 'dns', message };
    case 'ECONNRESET': case 'EPIPE': case 'UND_ERR_SOCKET': case 'UND_ERR_CLOSED': return { kind: 'reset', message };
    case 'Z_DATA_ERROR': case 'Z_BUF_ERROR': case 'ERR_BROTLI_DECOMPRESSION_FAILED': case 'ERR__ERROR_FORMAT_PADDING_1': return { kind: 'decompression', message };
  }
  if (/^(CERT_|ERR_TLS|ERR_SSL|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|HOSTNAME_MISMATCH|ERR_OSSL)/.test(code) || /certificate|SSL|TLS/i.test(message)) {
    return { kind: 'tls', message };
  }
  if (/^HPE_/.test(code) || e?.name === 'HTTPParserError' || code === 'UND_ERR_INFO' || code === 'UND_ERR_RESPONSE_STATUS_CODE' || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') return { kind: 'protocol', message };
  return { kind: 'other', message: code ? `${code}: ${message}` : message };
}
