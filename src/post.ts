import { runPost } from './save-checkpoint.js';

await runPost();
// The cache upload can leave handles open; the step is done once the save has returned.
process.exit();
