import { openDb } from '../src/db/client.js';
const db = await openDb({ dataDir: process.argv[2]! });
for (const q of process.argv.slice(3)) console.log(q, JSON.stringify(await db.query(q)));
await db.close();
