import { mount } from 'svelte';
import App from './App.svelte';
import { loadCatalog } from './lib/catalog.svelte';
import { preloadRouteData } from './lib/route-data';
import { router } from './lib/router.svelte';
import { loadSession } from './lib/session.svelte';
import { preloadPage } from './pages/page-chunks';
import './styles/base.css';

// What the first page needs is asked for before the app is mounted, and at once rather than one step
// after another: who is signed in (a request index.html has already started), then together the
// catalog and the page's first data, and the page's chunk once those requests are out (its evaluation
// takes the main thread, which would hold back the next request of a chain: the plan after the list).
// The shell renders once, when the catalog and that data are in, rather than once for each.
void loadSession(() => {
  const data = preloadRouteData(router.route);
  void data.requested.then(() => preloadPage(router.route));
  return Promise.all([loadCatalog(), data.answered]);
});

mount(App, { target: document.getElementById('app')! });
