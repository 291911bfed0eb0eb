/** The renderer's localStorage key for its language (renderer/i18n's LANGUAGE_KEY; a test keeps them equal). */
export const RENDERER_LANGUAGE_KEY = 'station.language';
