// What the door keeps on the phone, in IndexedDB: the roster of the event's badges (hashes of
// their QR payloads, names, categories, states), the scans waiting to be sent, and the entries
// this phone has seen today (so a badge shown twice offline is caught on the spot).
// Signing out deletes the whole database (door.js, and the Clear-Site-Data header).

const NAME = "showcase-door";
const VERSION = 1;

function request(operation) {
  return new Promise((resolve, reject) => {
    operation.onsuccess = () => resolve(operation.result);
    operation.onerror = () => reject(operation.error);
  });
}

let opened = null;

export function open() {
  if (!opened) {
    const asked = indexedDB.open(NAME, VERSION);
    asked.onupgradeneeded = () => {
      const db = asked.result;
      db.createObjectStore("roster");
      db.createObjectStore("queue", { keyPath: "scan_id" });
      db.createObjectStore("entries");
    };
    opened = request(asked);
  }
  return opened;
}

async function store(name, mode = "readonly") {
  const db = await open();
  return db.transaction(name, mode).objectStore(name);
}

export async function get(name, key) {
  return request((await store(name)).get(key));
}

export async function put(name, value, key) {
  const target = await store(name, "readwrite");
  return request(key === undefined ? target.put(value) : target.put(value, key));
}

export async function remove(name, key) {
  return request((await store(name, "readwrite")).delete(key));
}

export async function all(name) {
  return request((await store(name)).getAll());
}

export async function forget() {
  if (opened) {
    (await opened).close();
    opened = null;
  }
  await request(indexedDB.deleteDatabase(NAME));
}
