package org.gss.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CudaSupportTest {

    /** Same major and minor not below an embedded cubin: supported; other majors never (no PTX). */
    @ParameterizedTest(name = "{0}.{1} -> {2}")
    @CsvSource({
        "3,0,false", "3,5,false", "3,7,true",   // K40 (3.5) is out, K80 (3.7) is in
        "5,0,true", "5,2,true", "5,3,true",     // 5.3 runs sm_52
        "6,0,true", "6,1,true", "6,2,true",     // 6.2 runs sm_61
        "7,0,true", "7,2,true", "7,5,true",     // 7.2 runs sm_70
        "8,0,true", "8,6,true", "8,7,true", "8,9,true", // Ada 8.9 runs sm_86
        "9,0,false", "10,0,false", "10,3,false", "12,0,false", "2,1,false", "4,0,false"})
    void binaryCompatibilityRule(int major, int minor, boolean supported) {
        assertEquals(supported, CudaSupport.isSupported(major, minor));
    }

    @Test
    void rangeAndListComeFromTheData() {
        assertEquals("3.7 to 3.x and 5.0 to 8.x", CudaSupport.supportedRange());
        assertEquals("sm_37, sm_50, sm_52, sm_60, sm_61, sm_70, sm_75, sm_80, sm_86", CudaSupport.sassList());
        assertFalse(CudaSupport.HAS_PTX);
    }
}
