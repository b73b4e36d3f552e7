// Rules of dimension D2, in report order.
import type { Rule } from '../../src/contract/rule.ts';
import era from './era.ts';
import postContentType from './post-content-type.ts';
import sseContentType from './sse-content-type.ts';
import sseEventIds from './sse-event-ids.ts';
import sseJsonData from './sse-json-data.ts';
import notification202 from './notification-202.ts';
import getStreamOr405 from './get-stream-or-405.ts';
import protocolVersionHeader from './protocol-version-header.ts';
import toolsList from './tools-list.ts';
import initVersionNegotiation from './init-version-negotiation.ts';
import acceptNegotiation from './accept-negotiation.ts';
import jsonrpcBatch from './jsonrpc-batch.ts';
import serverDiscover from './server-discover.ts';
import modernClientFallback from './modern-client-fallback.ts';
import statelessHeaderValidation from './stateless-header-validation.ts';
import statelessGetDelete405 from './stateless-get-delete-405.ts';
import legacyEndpointEvent from './legacy-endpoint-event.ts';
import stdioStdoutClean from './stdio-stdout-clean.ts';
import stdioStderrLogging from './stdio-stderr-logging.ts';
import stdioHandshake from './stdio-handshake.ts';
import stdioFraming from './stdio-framing.ts';
import websocketUpgrade from './websocket-upgrade.ts';
import websocketSession from './websocket-session.ts';

export const D2_RULES: Rule[] = [
  era,
  postContentType,
  sseContentType,
  sseEventIds,
  sseJsonData,
  notification202,
  getStreamOr405,
  protocolVersionHeader,
  toolsList,
  initVersionNegotiation,
  acceptNegotiation,
  jsonrpcBatch,
  serverDiscover,
  modernClientFallback,
  statelessHeaderValidation,
  statelessGetDelete405,
  legacyEndpointEvent,
  stdioHandshake,
  stdioStdoutClean,
  stdioFraming,
  stdioStderrLogging,
  websocketUpgrade,
  websocketSession,
] as Rule[];
