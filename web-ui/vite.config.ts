import { defineConfig } from 'vitest/config';

// Built straight into the jar's static resources: platform-api serves them at / (see its web package).
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'target/classes/static',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    reportCompressedSize: true,
  },
  server: {
    // `npm run dev` against a platform on :8080.
    proxy: { '/api': 'http://127.0.0.1:8080', '/v3': 'http://127.0.0.1:8080' },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
