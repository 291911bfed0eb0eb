/**
 * Imported first by the renderer's entry: zod compiles its object parsers with `new Function`
 * unless told not to, and probes for it when a schema is built. The page's Content-Security-Policy
 * (no 'unsafe-eval') refuses that, and Chromium reports every refusal as a CSP violation even
 * though zod catches it. The renderer's schemas are small; the plain parser is enough.
 */
import { z } from 'zod';

z.config({ jitless: true });
