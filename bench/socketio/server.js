// The Socket.IO baseline of Lineup's fan-out benchmark: one Node process (one thread), WebSocket
// transport only, no per-message compression (neither Lineup nor the stock bridge compress).
//   node server.js PORT
// GET /health answers 200; a client connecting with ?address=A joins room A;
// POST /publish/A with a JSON body emits it as event "rec" to room A (encoded once per broadcast).
'use strict';
const http = require('http');
const { Server } = require('socket.io');

const port = Number(process.argv[2]);
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"UP"}');
    return;
  }
  if (req.method === 'POST' && req.url.startsWith('/publish/')) {
    const room = decodeURIComponent(req.url.substring('/publish/'.length));
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      io.to(room).emit('rec', JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    return;
  }
  res.writeHead(404).end();
});
const io = new Server(server, { transports: ['websocket'], serveClient: false, perMessageDeflate: false });
io.on('connection', (socket) => {
  const room = socket.handshake.query.address;
  if (typeof room === 'string') socket.join(room);
});
// The harness keeps its HTTP connections between rounds: Node's 5 s keep-alive would reset them.
server.keepAliveTimeout = 600_000;
server.headersTimeout = 601_000;
server.listen(port, '127.0.0.1');
