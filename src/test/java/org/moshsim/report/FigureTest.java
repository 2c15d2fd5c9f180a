package org.moshsim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FigureTest {
    @Test
    void clipNamesAreNumberedInOrderOfFirstUse() {
        String svg = "<clipPath id=\"clip-123\"/><clipPath id=\"clip77\"/><g clip-path=\"url(#clip-123)\"/>";
        assertEquals("<clipPath id=\"clip0\"/><clipPath id=\"clip1\"/><g clip-path=\"url(#clip0)\"/>", Figure.renumberClips(svg));
    }
}
