import { defineConfig } from 'vite';

// One self-contained classic script (IIFE), so a plain <script src=".../widget.js">
// works on any page; the server serves it at /widget.js.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2019',
    lib: {
      entry: 'src/main.ts',
      name: 'SwitchboardWidget',
      formats: ['iife'],
      fileName: () => 'widget.js',
    },
  },
});
