/**
 * The page's script. The app itself is in its own chunk (boot.ts): on a page the server rendered
 * (server/http/page-render.ts) it is started only after the browser has painted that page, so that
 * evaluating and hydrating the app — most of a second on a slow office PC — does not hold the plan off
 * the screen; a click made meanwhile is held and done once the app runs (boot.ts replayHeld). Elsewhere
 * (the login page, any page not rendered on the server) it starts at once.
 */
import './styles/base.css';

const boot = () => import('./boot');

if (document.getElementById('app-seed')) {
  // after the next paint: a frame's callback runs before it, a task queued from there after it
  requestAnimationFrame(() => setTimeout(() => void boot()));
} else void boot();
