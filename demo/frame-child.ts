/**
 * The framed page of demo/iframe.html: renders `<crm-profile>` from the URL's parameters
 * (`?source=demo` in the query, the rest in the fragment written by `<crm-profile-frame>`) and
 * reports its height to the parent origin named in `#parent-origin=…`, checked against the page that
 * actually frames it. Opened alone (not in a frame) it shows the profile and says why it cannot
 * report a height.
 */
import { startFrameChild } from '../src/embed/frame-child.js';

startFrameChild();
