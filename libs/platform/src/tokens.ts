export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');
export const CLOCK = Symbol('CLOCK');
export const LOGGER = Symbol('LOGGER');
export const SERVICE_DEFINITION = Symbol('SERVICE_DEFINITION');
