import { defineConfig } from 'vite';

// Built into the jar's classpath: loyalty-service serves META-INF/resources/admin/ at /admin/.
export default defineConfig({
  base: '/admin/',
  build: {
    outDir: process.env.CONSOLE_OUT_DIR ?? 'target/classes/META-INF/resources/admin',
    emptyOutDir: true,
  },
  server: {
    // `npm run dev` against a running local stack: the console's own calls to loyalty-service are proxied
    proxy: { '/api': 'http://localhost:8082', '/admin/config.json': 'http://localhost:8082' },
  },
});
