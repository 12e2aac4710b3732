// Svelte compiler options for the web app (read by Vite's Svelte plugin and svelte-check).
export default {
  compilerOptions: { runes: true },
};
