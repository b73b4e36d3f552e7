// Rules of dimension D8, in report order.
import type { Rule } from '../../src/contract/rule.ts';
import lastEventIdResume from './last-event-id-resume.ts';
import streamIsolation from './stream-isolation.ts';
import sseKeepalive from './sse-keepalive.ts';
import sseRetry from './sse-retry.ts';
import ssePrimingEvent from './sse-priming-event.ts';
import proxyBuffering from './proxy-buffering.ts';
import sessionUnknown404 from './session-unknown-404.ts';
import sessionRequired400 from './session-required-400.ts';
import sessionDelete from './session-delete.ts';
import multipleClients from './multiple-clients.ts';
import getStreamReopen from './get-stream-reopen.ts';
import legacySessionId from './legacy-session-id.ts';
import sseEndsWithResponse from './sse-ends-with-response.ts';
import latency from './latency.ts';
import toolCallProgress from './tool-call-progress.ts';
import stdioCleanExit from './stdio-clean-exit.ts';
import websocketCloseCodes from './websocket-close-codes.ts';
import websocketPing from './websocket-ping.ts';

export const D8_RULES: Rule[] = [
  lastEventIdResume,
  streamIsolation,
  sseKeepalive,
  sseRetry,
  ssePrimingEvent,
  proxyBuffering,
  sessionUnknown404,
  sessionRequired400,
  sessionDelete,
  multipleClients,
  getStreamReopen,
  legacySessionId,
  sseEndsWithResponse,
  toolCallProgress,
  latency,
  stdioCleanExit,
  websocketCloseCodes,
  websocketPing,
] as Rule[];
