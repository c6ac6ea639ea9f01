// The share-link viewer page (served by the relay at /s/{id}, assets under /viewer/).
import { mount } from "svelte";

import "./viewer.css";
import Viewer from "./Viewer.svelte";

const target = document.getElementById("viewer");
if (!target) throw new Error("missing #viewer");
mount(Viewer, { target });
