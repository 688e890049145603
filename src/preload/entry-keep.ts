/** The preload entry for `--rejections keep` (the default): the program's own behaviour is kept. */
import { installPreload } from "./install.ts";

installPreload("keep");
