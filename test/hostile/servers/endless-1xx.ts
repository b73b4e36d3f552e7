// Informational responses forever: `103 Early Hints` heads at full speed, never a final status.
import { pump, rawHttp, type Hostile } from '../harness.ts';

const HINTS = Buffer.from('HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n'.repeat(200));

export const start = (): Promise<Hostile> => rawHttp((s) => { pump(s, () => HINTS); });
