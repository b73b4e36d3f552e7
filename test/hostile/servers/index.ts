// The hostile-server corpus: every server, by name (see docs/LIMITS.md for what each exercises).
import type { Hostile } from '../harness.ts';
import * as neverAccepts from './never-accepts.ts';
import * as connectionRefused from './connection-refused.ts';
import * as neverAnswers from './never-answers.ts';
import * as headersThenSilence from './headers-then-silence.ts';
import * as slowlorisHeaders from './slowloris-headers.ts';
import * as slowlorisBody from './slowloris-body.ts';
import * as endlessSse from './endless-sse.ts';
import * as endlessSseLine from './endless-sse-line.ts';
import * as endlessJson from './endless-json.ts';
import * as gzipBomb from './gzip-bomb.ts';
import * as deflateBomb from './deflate-bomb.ts';
import * as brBomb from './br-bomb.ts';
import * as gzipGarbage from './gzip-garbage.ts';
import * as headersFlood from './headers-flood.ts';
import * as headerHugeValue from './header-huge-value.ts';
import * as invalidUtf8 from './invalid-utf8.ts';
import * as sseMalformed from './sse-malformed.ts';
import * as rpcWrongVersion from './rpc-wrong-version.ts';
import * as rpcIdMismatch from './rpc-id-mismatch.ts';
import * as rpcResultAndError from './rpc-result-and-error.ts';
import * as rpcDeepNesting from './rpc-deep-nesting.ts';
import * as rpcBatchFlood from './rpc-batch-flood.ts';
import * as tools100k from './tools-100k.ts';
import * as redirectLoop from './redirect-loop.ts';
import * as redirectScheme from './redirect-scheme.ts';
import * as contentLengthShort from './content-length-short.ts';
import * as contentLengthLong from './content-length-long.ts';
import * as resetMidStream from './reset-mid-stream.ts';
import * as tlsStall from './tls-stall.ts';
import * as tlsGarbage from './tls-garbage.ts';
import * as html200 from './html-200.ts';
import * as garbageStatus from './garbage-status.ts';
import * as endless1xx from './endless-1xx.ts';
import * as injection from './injection.ts';
import * as floodAfterHandshake from './flood-after-handshake.ts';
import * as authMaze from './auth-maze.ts';
import * as wsFlood from './ws-flood.ts';
import * as jsonAmplification from './json-amplification.ts';
import * as deepJsonSmall from './deep-json-small.ts';

export const HOSTILE_SERVERS: Record<string, () => Promise<Hostile>> = {
  'never-accepts': neverAccepts.start,
  'connection-refused': connectionRefused.start,
  'never-answers': neverAnswers.start,
  'headers-then-silence': headersThenSilence.start,
  'slowloris-headers': slowlorisHeaders.start,
  'slowloris-body': slowlorisBody.start,
  'endless-sse': endlessSse.start,
  'endless-sse-line': endlessSseLine.start,
  'endless-json': endlessJson.start,
  'gzip-bomb': gzipBomb.start,
  'deflate-bomb': deflateBomb.start,
  'br-bomb': brBomb.start,
  'gzip-garbage': gzipGarbage.start,
  'headers-flood': headersFlood.start,
  'header-huge-value': headerHugeValue.start,
  'invalid-utf8': invalidUtf8.start,
  'sse-malformed': sseMalformed.start,
  'rpc-wrong-version': rpcWrongVersion.start,
  'rpc-id-mismatch': rpcIdMismatch.start,
  'rpc-result-and-error': rpcResultAndError.start,
  'rpc-deep-nesting': rpcDeepNesting.start,
  'rpc-batch-flood': rpcBatchFlood.start,
  'tools-100k': tools100k.start,
  'redirect-loop': redirectLoop.start,
  'redirect-scheme': redirectScheme.start,
  'content-length-short': contentLengthShort.start,
  'content-length-long': contentLengthLong.start,
  'reset-mid-stream': resetMidStream.start,
  'tls-stall': tlsStall.start,
  'tls-garbage': tlsGarbage.start,
  'html-200': html200.start,
  'garbage-status': garbageStatus.start,
  'endless-1xx': endless1xx.start,
  injection: injection.start,
  'flood-after-handshake': floodAfterHandshake.start,
  'auth-maze': authMaze.start,
  'ws-flood': wsFlood.start,
  'json-amplification': jsonAmplification.start,
  'deep-json-small': deepJsonSmall.start,
};
