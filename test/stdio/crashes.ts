// A stdio MCP server that crashes mid-handshake: it reads initialize, logs a stack-trace-like
// line to stderr and exits with code 3 before answering.
import readline from 'node:readline';

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.includes('"initialize"')) {
    console.error('Error: DATABASE_URL is not set\n    at connect (server.js:12:11)');
    process.exit(3);
  }
});
