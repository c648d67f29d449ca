/**
 * GSS-FT's trainable inverse X⁻¹ (paper §3.3, Table 1, appendix D(iii)): {@link org.gss.maskige.ft.FtInverse}, a
 * 1×1 → 3×3 → 1×1 conv network trained on a tokenizer's decoded maskiges with added noise.
 */
package org.gss.maskige.ft;
