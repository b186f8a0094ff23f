// Types of Vue's self-contained browser build (runtime + template compiler, no `process.env`), which
// demo/vue.ts and test/frameworks/vue.test.ts import: the same API as 'vue'.
declare module 'vue/dist/vue.esm-browser.js' {
  export * from 'vue';
}
