export * from './pdf';
export * from './zip';
export * from './office';
export * from './png';
