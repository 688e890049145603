/** The preload entry for `--rejections count`: every unhandled rejection is counted and the program goes on. */
import { installPreload } from "./install.ts";

installPreload("count");
