/** The entry of app/bitrix24/index.html (bundled by scripts/build-bitrix24.mjs). */
import { start } from './bitrix24-app.js';

void start();
