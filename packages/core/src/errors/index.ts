export * from './domain-error';
export * from './not-found-error';
export * from './invalid-input-error';
export * from './unavailable-error';
export * from './payload-too-large-error';
export * from './unsupported-media-type-error';
export * from './cancelled-error';
