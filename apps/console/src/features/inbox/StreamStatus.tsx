/** The stream runs in the shell (the unread count moves on every page); pages read its status here. */
import { createContext, useContext } from 'react';
import type { StreamStatus } from './stream';

export const StreamStatusContext = createContext<StreamStatus>('off');
export const useStreamStatus = () => useContext(StreamStatusContext);
