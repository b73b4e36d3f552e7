// The web form's entry: what `agentready serve` starts.
export { startWebServer, type WebServerOptions } from './server.ts';
export { parseTrustProxy, type TrustProxy } from './clients.ts';
