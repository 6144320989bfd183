// After signing out: what a check-in phone kept for the door (the roster of badges, scans not
// sent) is deleted from this browser. Nothing else the site keeps here is touched.

import { forget } from "./store.js";

forget();
