/**
 * Embedding through an iframe: the host element, the child page's entry point and the protocol
 * between them (re-exported by the package entry).
 */
export { CrmProfileFrame, type FrameResizeDetail } from '../elements/profile-frame/profile-frame.js';
export { startFrameChild, type FrameChild, type FrameChildOptions } from './frame-child.js';
export {
  FRAME_PROTOCOL_VERSION, HEIGHT_MESSAGE_TYPE, MAX_FRAME_HEIGHT, type FrameParams, type HeightMessage,
} from './frame-protocol.js';
